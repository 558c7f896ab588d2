package com.eq1.network.api.data;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An application value on its way out: it knows how to become a payload. Implementations are
 * immutable.
 */
@ConsumerType
@FunctionalInterface
public interface SendData {

  /**
   * Encodes this value as a payload.
   *
   * @return a new array holding the payload
   */
  byte[] toBytes();
}
