package com.eq1.network.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Observes the state changes of a connection. */
@ConsumerType
@FunctionalInterface
public interface ConnectionStateListener {

  /**
   * Called after the connection named {@code name} moved from {@code previous} to {@code current}.
   * Called synchronously on the thread that caused the change: it must return quickly and must not
   * call back into the protocol's blocking methods. Exceptions it throws are logged and otherwise
   * ignored.
   *
   * @param name the connection name
   * @param previous the state before the change
   * @param current the state after the change
   */
  void stateChanged(String name, ConnectionState previous, ConnectionState current);
}
