package com.eq1.network.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvalidTopicExceptionTest {

  @Test
  void carriesTopicAndReason() {
    InvalidTopicException e = new InvalidTopicException("a/#/b", "# must be last");

    assertEquals("a/#/b", e.topic());
    assertEquals("# must be last", e.reason());
    assertEquals("invalid topic 'a/#/b': # must be last", e.getMessage());
    assertTrue(e.connectionName().isEmpty());
  }

  @Test
  void namesTheConnectionWhenGivenOne() {
    InvalidTopicException e = new InvalidTopicException("plc1", "a+", "+ must fill a level");

    assertEquals("a+", e.topic());
    assertEquals("+ must fill a level", e.reason());
    assertEquals("[plc1] invalid topic 'a+': + must fill a level", e.getMessage());
    assertEquals(Optional.of("plc1"), e.connectionName());
  }

  @Test
  void attributesTheSameFailureToAConnection() {
    InvalidTopicException unattributed = new InvalidTopicException("a#", "bad wildcard");

    InvalidTopicException attributed = unattributed.on("broker");

    assertNotSame(unattributed, attributed);
    assertTrue(attributed.getMessage().contains("[broker]"), attributed.getMessage());
    assertEquals("[broker] invalid topic 'a#': bad wildcard", attributed.getMessage());
    assertEquals(Optional.of("broker"), attributed.connectionName());
    assertEquals("a#", attributed.topic());
    assertEquals("bad wildcard", attributed.reason());
    assertTrue(unattributed.connectionName().isEmpty(), "the original is left as it was");
  }

  @Test
  void validationFailuresCanBeAttributedToAConnection() {
    InvalidTopicException e = null;
    try {
      TopicFilter.of("a/#/b");
    } catch (InvalidTopicException thrown) {
      e = thrown.on("local");
    }

    assertEquals("a/#/b", e.topic());
    assertTrue(e.getMessage().startsWith("[local] invalid topic 'a/#/b': "), e.getMessage());
  }
}
