package com.eq1.network.tcp;

/** Whether a TLS server asks its clients for a certificate; the key is {@code tlsClientAuth}. */
public enum ClientAuth {
  /** Server-only TLS: clients are not asked for a certificate. */
  NONE,
  /** Clients may present a certificate; if they do, it must be trusted. */
  OPTIONAL,
  /** Mutual TLS: a client without a trusted certificate is refused during the handshake. */
  REQUIRE
}
