package com.eq1.network.manager;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ConnectionManager;
import com.eq1.network.manager.internal.ConnectionRegistry;
import java.util.List;
import java.util.Optional;

/**
 * What both managers do the same way, by delegating to their {@link ConnectionRegistry}.
 *
 * @param <P> the protocol type
 * @param <M> the type of a held outbound message
 */
abstract class ManagerBase<P extends BaseProtocol, M>
    implements ConnectionManager<P>, AutoCloseable {

  final ConnectionRegistry<P, M> registry;

  ManagerBase(ConnectionRegistry<P, M> registry) {
    this.registry = registry;
  }

  @Override
  public void register(String name, P protocol) {
    registry.register(name, protocol);
  }

  @Override
  public void unregister(String name) {
    registry.unregister(name);
  }

  @Override
  public boolean connect(String name) {
    return registry.connect(name);
  }

  @Override
  public void disconnect(String name) {
    registry.disconnect(name);
  }

  @Override
  public Optional<P> protocol(String name) {
    return registry.protocol(name);
  }

  @Override
  public Optional<ConnectionInfo> connection(String name) {
    return registry.info(name);
  }

  @Override
  public List<ConnectionInfo> connections() {
    return registry.infos();
  }

  /**
   * Stops the manager's threads. Protocols are left as they are; held messages are abandoned.
   * Outside OSGi, call this when done with the manager.
   */
  @Override
  public void close() {
    registry.close();
  }
}
