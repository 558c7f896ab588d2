package com.eq1.network.api;

/** The two families of protocols, and the manager that handles each. */
public enum ProtocolKind {
  /** {@link ReqResProtocol}, handled by {@link ReqResManager}. */
  REQ_RES,
  /** {@link PubSubProtocol}, handled by {@link PubSubManager}. */
  PUB_SUB
}
