package com.eq1.network.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One view over every connection of every kind, for operators and tools. Equipment code sends and
 * subscribes through {@link ReqResManager} and {@link PubSubManager}.
 */
@ProviderType
public interface ProtocolManager {

  /**
   * Returns the protocol registered under a name now, of either kind.
   *
   * @param name the connection name
   * @return the protocol, or empty if none is registered
   */
  Optional<BaseProtocol> getProtocol(String name);

  /**
   * Describes one connection name, of either kind.
   *
   * @param name the connection name
   * @return its description, or empty if no manager knows the name
   */
  Optional<ConnectionInfo> connection(String name);

  /**
   * Describes every connection name the managers know: its kind, protocol type, presence and state.
   *
   * @return the descriptions, sorted by name
   */
  List<ConnectionInfo> connections();
}
