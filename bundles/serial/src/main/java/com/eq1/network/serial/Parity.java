package com.eq1.network.serial;

/** The parity bit of each character; the configuration key is {@code parity}. */
public enum Parity {
  /** No parity bit ({@code none}), the common 8N1. */
  NONE,
  /** Odd parity ({@code odd}). */
  ODD,
  /** Even parity ({@code even}), usual for Modbus RTU (8E1). */
  EVEN,
  /** The parity bit is always 1 ({@code mark}). */
  MARK,
  /** The parity bit is always 0 ({@code space}). */
  SPACE
}
