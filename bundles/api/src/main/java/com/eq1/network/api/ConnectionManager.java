package com.eq1.network.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the request/response and publish/subscribe managers share: connections registered by name,
 * and the desired state kept for each name.
 *
 * <p>Protocols arrive two ways that take the same path: as OSGi services carrying {@link
 * ProtocolProperties#NAME}, tracked dynamically, and through {@link #register}. The manager
 * remembers what its callers asked for under a name (connect or disconnect, subscriptions) and
 * applies it to every protocol that appears under that name, so callers never repeat themselves
 * after a bundle update, a configuration change or a restart.
 *
 * <p>When a protocol goes away, the name enters a swap grace period ({@link Presence#SWAPPING}):
 * sends and publishes are held in a bounded queue and flushed in order when a protocol of that name
 * returns. If none returns in time they are discarded and counted as expired, and the name becomes
 * {@link Presence#ABSENT}.
 *
 * @param <P> the protocol type this manager handles
 */
@ProviderType
public interface ConnectionManager<P extends BaseProtocol> {

  /**
   * Registers a protocol under a name, exactly as if a protocol service with that name appeared:
   * the desired state is applied to it and held messages are flushed to it, asynchronously.
   * Registering the same protocol again has no effect.
   *
   * @param name the connection name
   * @param protocol the protocol
   * @throws ConfigurationException if another protocol is registered under the name
   */
  void register(String name, P protocol);

  /**
   * Unregisters the protocol registered under a name, exactly as if its service went away: the name
   * enters the swap grace period and its desired state is kept. The protocol itself is left as it
   * is (not disconnected); the manager stops delivering its subscriptions' messages from it.
   * Unknown names are ignored.
   *
   * @param name the connection name
   */
  void unregister(String name);

  /**
   * Records the intent that the named connection be connected and, if a protocol is registered,
   * connects it, blocking as {@link BaseProtocol#connect()} does. The intent is kept and applied to
   * any protocol that appears under the name later.
   *
   * @param name the connection name; need not be registered yet
   * @return {@code true} if the connection is up when the call returns; {@code false} if no
   *     protocol is registered yet or the attempt failed (the protocol then keeps retrying)
   * @throws AuthenticationException if the peer refused the credentials
   */
  boolean connect(String name);

  /**
   * Records the intent that the named connection be disconnected and, if a protocol is registered,
   * disconnects it. The intent is kept and applied to any protocol that appears under the name
   * later.
   *
   * @param name the connection name; need not be registered yet
   */
  void disconnect(String name);

  /**
   * Returns the protocol registered under a name now.
   *
   * @param name the connection name
   * @return the protocol, or empty if none is registered
   */
  Optional<P> protocol(String name);

  /**
   * Describes one name this manager knows.
   *
   * @param name the connection name
   * @return its description, or empty if the manager has never heard of it
   */
  Optional<ConnectionInfo> connection(String name);

  /**
   * Describes every name this manager knows: registered now, swapping, or kept in desired state.
   *
   * @return the descriptions, sorted by name
   */
  List<ConnectionInfo> connections();
}
