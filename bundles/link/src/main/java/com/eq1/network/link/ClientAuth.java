package com.eq1.network.link;

/** Whether a TLS server asks its clients for a certificate; the key is {@code tlsClientAuth}. */
public enum ClientAuth {
  /** Server-only TLS: clients are not asked for a certificate. */
  NONE,
  /** Clients may present a certificate; if they do, it must be trusted. */
  OPTIONAL,
  /**
   * Mutual TLS: a client without a trusted certificate is refused. With TLS 1.3 the server checks
   * the certificate after the client has finished its side of the handshake, so the refused client
   * sees its connection close (with a {@code bad_certificate} or {@code certificate_unknown} alert
   * as its last error) just after connecting, not a failed connect; nothing it sent is delivered.
   */
  REQUIRE
}
