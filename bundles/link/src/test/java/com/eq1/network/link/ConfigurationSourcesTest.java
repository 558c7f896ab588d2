package com.eq1.network.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationSourcesTest {

  @Test
  void theFileComesFirstThenThePidThenTheComponent() {
    assertEquals(
        "file:/etc/x.cfg",
        ConfigurationSources.describe(
            Map.of(
                "felix.fileinstall.filename", "file:/etc/x.cfg",
                "service.pid", "pid",
                "component.name", "c")));
    assertEquals(
        "pid", ConfigurationSources.describe(Map.of("service.pid", "pid", "component.name", "c")));
    assertEquals("c", ConfigurationSources.describe(Map.of("component.name", "c")));
    assertEquals("(without a PID)", ConfigurationSources.describe(Map.of()));
  }
}
