package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.eq1.network.shell.internal.ProtocolCatalog.ProtocolType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/** The connection types found in the metatype of the installed bundles. */
class ProtocolCatalogTest {

  @Test
  void aFactoryPidDesignatesItsProtocol() {
    assertEquals(
        Optional.of("tcp-client"), ProtocolCatalog.protocolOf("com.eq1.network.tcp.client"));
    assertEquals(Optional.of("mqtt"), ProtocolCatalog.protocolOf("com.eq1.network.mqtt"));
    assertEquals(
        Optional.of("loopback-pubsub"),
        ProtocolCatalog.protocolOf("com.eq1.network.loopback.pubsub"));
    assertEquals(Optional.empty(), ProtocolCatalog.protocolOf("org.example.other"));
    assertEquals(Optional.empty(), ProtocolCatalog.protocolOf(null));
  }

  @Test
  void typesAreOrderedByProtocol() {
    assertEquals(
        List.of("loopback-pubsub", "loopback-reqres", "tcp-client", "tcp-server"),
        Metatypes.catalog().types().stream().map(ProtocolType::protocol).toList());
  }

  @Test
  void aTypeIsFoundByProtocolOrByFactoryPid() {
    ProtocolCatalog catalog = Metatypes.catalog();

    ProtocolType byProtocol = catalog.require("tcp-client");
    assertEquals(Metatypes.TCP_CLIENT, byProtocol.factoryPid());
    assertEquals("EQ-1 TCP client connection", byProtocol.definition().getName());
    assertEquals("loopback-reqres", catalog.require(Metatypes.LOOPBACK_REQRES).protocol());
  }

  @Test
  void aProtocolNotInstalledNamesThoseThatAre() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Metatypes.catalog().require("modbus"));

    assertEquals(
        "protocol 'modbus' is not installed; installed: loopback-pubsub, loopback-reqres,"
            + " tcp-client, tcp-server (feature:list | grep eq1 shows the features that add more)",
        e.getMessage());
  }

  @Test
  void theSourceIsAskedAfreshSoALaterBundleIsFound() {
    List<ProtocolType> installed = new ArrayList<>();
    ProtocolCatalog catalog = new ProtocolCatalog(() -> List.copyOf(installed));
    assertThrows(IllegalArgumentException.class, () -> catalog.require("tcp-server"));

    installed.add(Metatypes.type(Metatypes.TCP_SERVER));

    assertEquals(Metatypes.TCP_SERVER, catalog.require("tcp-server").factoryPid());
  }

  @Test
  void theMetatypeOfResolvedAndActiveBundlesIsScanned() {
    Metatypes.Runtime runtime =
        Metatypes.Runtime.withProtocolBundles()
            .install(Metatypes.bundle("org.example.other", Bundle.ACTIVE), "org.example.other")
            .install(Metatypes.bundle("org.example.plain", Bundle.ACTIVE))
            .install(Metatypes.bundle("com.eq1.network.vault", Bundle.INSTALLED), Metatypes.VAULT);

    ProtocolCatalog catalog = ProtocolCatalog.of(runtime.context, runtime.metaType);

    assertEquals(
        List.of("loopback-pubsub", "loopback-reqres", "tcp-client", "tcp-server"),
        catalog.types().stream().map(ProtocolType::protocol).toList());
    assertEquals(
        "EQ-1 loopback publish/subscribe connection",
        catalog.require("loopback-pubsub").definition().getName());
  }

  @Test
  void aBundleIsFoundOnceResolved() {
    Bundle resolved = Metatypes.bundle("com.eq1.network.vault", Bundle.RESOLVED);
    Metatypes.Runtime runtime = new Metatypes.Runtime().install(resolved, Metatypes.VAULT);

    ProtocolType vault =
        ProtocolCatalog.of(runtime.context, runtime.metaType).require("test-vault");

    assertEquals(Metatypes.VAULT, vault.factoryPid());
    assertEquals("Test vault connection", vault.definition().getName());
  }
}
