package com.eq1.network.manager;

import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.ReqResManager;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.manager.internal.ConnectionRegistry;
import com.eq1.network.manager.internal.RegistryHooks;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link ReqResManager}: tracks every {@link ReqResProtocol} service by its {@code eq1.name},
 * keeps the connect intent as desired state, and holds sends across a swap. Reads go to the
 * protocol in use; {@link #read(String, Duration)} waits for a swapping protocol to return.
 */
@Component(
    service = ReqResManager.class,
    immediate = true,
    configurationPid = ManagerSettings.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL)
// shares ManagerSettings.PID with DefaultPubSubManager, which designates the metatype for both
public final class DefaultReqResManager extends ManagerBase<ReqResProtocol, byte[]>
    implements ReqResManager {

  /** Creates a manager with the default settings, for use outside OSGi. */
  public DefaultReqResManager() {
    this(ManagerSettings.DEFAULT);
  }

  /**
   * Creates a manager, for use outside OSGi.
   *
   * @param settings the swap grace period and hold queue settings
   */
  public DefaultReqResManager(ManagerSettings settings) {
    super(new ConnectionRegistry<>(ProtocolKind.REQ_RES, settings, new Hooks()));
  }

  /**
   * Creates the manager component.
   *
   * @param config the configuration
   */
  @Activate
  public DefaultReqResManager(ManagerConfig config) {
    this(ManagerSettings.from(config));
  }

  @Modified
  void modified(ManagerConfig config) {
    registry.updateSettings(ManagerSettings.from(config));
  }

  @Deactivate
  @Override
  public void close() {
    super.close();
  }

  @Reference(
      service = ReqResProtocol.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      unbind = "unbindProtocol",
      updated = "updatedProtocol")
  void bindProtocol(ReqResProtocol protocol, Map<String, Object> properties) {
    registry.bindService(protocol, properties);
  }

  void updatedProtocol(ReqResProtocol protocol, Map<String, Object> properties) {
    registry.rebindService(protocol, properties);
  }

  void unbindProtocol(ReqResProtocol protocol) {
    registry.unbind(protocol, false);
  }

  @Override
  public int send(String name, byte[] data) {
    Objects.requireNonNull(data, "data");
    return registry.submit(name, data::clone, protocol -> protocol.send(data), data.length);
  }

  @Override
  public Optional<byte[]> read(String name) {
    return registry.readable(name).flatMap(ReqResProtocol::read);
  }

  @Override
  public Optional<byte[]> read(String name, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return registry
        .awaitReadable(name, deadline)
        .flatMap(protocol -> protocol.read(Duration.ofNanos(deadline - System.nanoTime())));
  }

  private static final class Hooks implements RegistryHooks<ReqResProtocol, byte[]> {

    @Override
    public void reapply(String name, ReqResProtocol protocol) {
      // a request/response connection has no desired state beyond the connect intent
    }

    @Override
    public void detach(String name, ReqResProtocol protocol) {
      // nothing was applied
    }

    @Override
    public void deliver(ReqResProtocol protocol, byte[] message) {
      protocol.send(message);
    }

    @Override
    public int subscriptions(String name) {
      return 0;
    }
  }
}
