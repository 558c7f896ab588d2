package com.eq1.network.shell.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The connection types the installed protocol bundles offer, found in their metatype: every factory
 * configuration PID {@code com.eq1.network.<a>[.<b>…]} designates the protocol {@code <a>[-<b>…]}
 * (its {@code eq1.protocol} value): {@code com.eq1.network.tcp.client} is {@code tcp-client},
 * {@code com.eq1.network.mqtt} is {@code mqtt}. A protocol bundle installed later is found without
 * any change here.
 */
final class ProtocolCatalog {

  /** The prefix of every EQ-1 factory PID. */
  static final String PID_PREFIX = "com.eq1.network.";

  /**
   * One connection type.
   *
   * @param protocol the {@code eq1.protocol} value
   * @param factoryPid the factory configuration PID
   * @param definition the metatype of its configuration
   */
  record ProtocolType(String protocol, String factoryPid, ObjectClassDefinition definition) {}

  private final Supplier<List<ProtocolType>> source;

  /**
   * Creates a catalog over a source of types.
   *
   * @param source the types, asked afresh on every lookup
   */
  ProtocolCatalog(Supplier<List<ProtocolType>> source) {
    this.source = source;
  }

  /**
   * Creates a catalog over the metatype of the installed bundles.
   *
   * @param context a bundle context
   * @param metaType the metatype service
   * @return the catalog
   */
  static ProtocolCatalog of(BundleContext context, MetaTypeService metaType) {
    return new ProtocolCatalog(() -> scan(context, metaType));
  }

  /**
   * Returns the protocol a factory PID designates.
   *
   * @param factoryPid the factory PID
   * @return the protocol, or empty if the PID is not an EQ-1 one
   */
  static Optional<String> protocolOf(String factoryPid) {
    if (factoryPid == null || !factoryPid.startsWith(PID_PREFIX)) {
      return Optional.empty();
    }
    return Optional.of(factoryPid.substring(PID_PREFIX.length()).replace('.', '-'));
  }

  /**
   * Returns every installed connection type, ordered by protocol.
   *
   * @return the types
   */
  List<ProtocolType> types() {
    return source.get().stream().sorted(Comparator.comparing(ProtocolType::protocol)).toList();
  }

  /**
   * Finds a connection type by its protocol or its factory PID.
   *
   * @param protocolOrPid {@code tcp-client} or {@code com.eq1.network.tcp.client}
   * @return the type
   * @throws IllegalArgumentException if no installed bundle offers it, naming those that are
   */
  ProtocolType require(String protocolOrPid) {
    List<ProtocolType> types = types();
    return types.stream()
        .filter(t -> t.protocol().equals(protocolOrPid) || t.factoryPid().equals(protocolOrPid))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "protocol '"
                        + protocolOrPid
                        + "' is not installed; installed: "
                        + String.join(", ", types.stream().map(ProtocolType::protocol).toList())
                        + " (feature:list | grep eq1 shows the features that add more)"));
  }

  private static List<ProtocolType> scan(BundleContext context, MetaTypeService metaType) {
    List<ProtocolType> types = new ArrayList<>();
    for (Bundle bundle : context.getBundles()) {
      if ((bundle.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE)) == 0) {
        continue;
      }
      MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
      if (info == null) {
        continue;
      }
      for (String factoryPid : info.getFactoryPids()) {
        Optional<String> protocol = protocolOf(factoryPid);
        if (protocol.isPresent()) {
          types.add(
              new ProtocolType(
                  protocol.get(),
                  factoryPid,
                  info.getObjectClassDefinition(factoryPid, Locale.getDefault().toString())));
        }
      }
    }
    return types;
  }
}
