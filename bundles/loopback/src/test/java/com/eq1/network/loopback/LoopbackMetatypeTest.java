package com.eq1.network.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.link.DeclaredMetatype;
import com.eq1.network.link.OverflowPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The metatype the shell's {@code eq1:create} validates against before it writes a configuration: a
 * loopback connection needs nothing but its name, every number has its lower bound and the overflow
 * policy offers exactly the values Declarative Services can turn into the enum.
 */
class LoopbackMetatypeTest {

  @ParameterizedTest
  @ValueSource(classes = {LoopbackPubSubConfig.class, LoopbackReqResConfig.class})
  void onlyTheNameIsWithoutADefaultAndEveryNumberIsBounded(Class<?> config) {
    Map<String, DeclaredMetatype.Attribute> attributes = DeclaredMetatype.of(config);

    assertEquals(
        List.of(
            "eq1.name",
            "autoConnect",
            "queueCapacity",
            "queueTtlSeconds",
            "queueOverflow",
            "inboundCapacity"),
        List.copyOf(attributes.keySet()));
    for (DeclaredMetatype.Attribute attribute : attributes.values()) {
      assertFalse(attribute.type().equals("Password"), attribute + " holds no secret");
      if (!attribute.id().equals("eq1.name")) {
        assertTrue(attribute.hasDefault(), attribute + " has a default");
      }
      if (attribute.numeric()) {
        assertNotNull(attribute.min(), attribute + " has a minimum");
        assertTrue(Long.parseLong(attribute.min()) >= 1, attribute + ": sizes and times >= 1");
      }
    }
    assertEquals(
        List.of("REJECT_NEWEST", "DROP_OLDEST"), attributes.get("queueOverflow").options());
    for (OverflowPolicy policy : OverflowPolicy.values()) {
      assertTrue(attributes.get("queueOverflow").options().contains(policy.name()));
    }
  }
}
