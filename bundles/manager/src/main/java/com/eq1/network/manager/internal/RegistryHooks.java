package com.eq1.network.manager.internal;

import com.eq1.network.api.BaseProtocol;

/**
 * What differs between the request/response and publish/subscribe managers, called by {@link
 * ConnectionRegistry} with the name's lock held.
 *
 * @param <P> the protocol type
 * @param <M> the type of a held outbound message
 */
public interface RegistryHooks<P extends BaseProtocol, M> {

  /**
   * Applies the desired state kept for {@code name} (beyond the connect intent) to a protocol that
   * just appeared under it.
   *
   * @param name the connection name
   * @param protocol the protocol
   */
  void reapply(String name, P protocol);

  /**
   * Removes what {@link #reapply} applied from a protocol the manager stops using while it lives on
   * (unregistered by hand, or renamed).
   *
   * @param name the connection name
   * @param protocol the protocol
   */
  void detach(String name, P protocol);

  /**
   * Sends one held message to the protocol that returned.
   *
   * @param protocol the protocol
   * @param message the held message
   */
  void deliver(P protocol, M message);

  /**
   * Returns the number of subscriptions kept for a name.
   *
   * @param name the connection name
   * @return the count; 0 for protocols without subscriptions
   */
  int subscriptions(String name);
}
