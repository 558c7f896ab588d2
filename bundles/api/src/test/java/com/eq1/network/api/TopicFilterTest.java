package com.eq1.network.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicFilterTest {

  @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // exact match and level count
        "a/b/c | a/b/c | true",
        "a/b/c | a/b | false",
        "a/b | a/b/c | false",
        "a/b | a/c | false",
        "a | A | false",
        "a//b | a//b | true",
        "a//b | a/b | false",
        "/a | /a | true",
        "/a | a | false",
        // + matches exactly one level, including an empty one
        "sport/tennis/+ | sport/tennis/player1 | true",
        "sport/tennis/+ | sport/tennis/player1/ranking | false",
        "sport/+ | sport | false",
        "sport/+ | sport/ | true",
        "+/+ | /finance | true",
        "/+ | /finance | true",
        "+ | /finance | false",
        "+ | finance | true",
        "a/+/c | a//c | true",
        "a/+/c | a/b/d | false",
        "+/b/+ | x/b/y | true",
        // # matches the parent level and any number of levels below
        "sport/# | sport | true",
        "sport/# | sport/ | true",
        "sport/# | sport/tennis/player1/ranking | true",
        "sport/# | sports | false",
        "sport/# | other/sport | false",
        "sport/tennis/player1/# | sport/tennis/player1 | true",
        "sport/tennis/player1/# | sport/tennis | false",
        "a/+/# | a/b | true",
        "a/+/# | a/b/c/d | true",
        "a/+/# | a | false",
        "# | a | true",
        "# | a/b/c | true",
        "# | /a | true",
        // topics starting with $ are not matched by a filter starting with a wildcard
        "# | $SYS | false",
        "# | $SYS/broker/load | false",
        "+/monitor/Clients | $SYS/monitor/Clients | false",
        "+ | $SYS | false",
        "$SYS/# | $SYS | true",
        "$SYS/# | $SYS/broker/load | true",
        "$SYS/monitor/+ | $SYS/monitor/Clients | true",
        "$SYS/+ | $OTHER/x | false",
        // a $ later in the name is an ordinary character
        "+/$x | a/$x | true",
        "# | a/$SYS | true",
      })
  void matchesLikeMqtt(String filter, String topic, boolean expected) {
    assertEquals(expected, TopicFilter.of(filter).matches(topic));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "a/b", "+", "#", "a/+", "a/#", "+/+/#", "/", "a//b", "$SYS/#", "/#"})
  void acceptsValidFilters(String filter) {
    TopicFilter parsed = TopicFilter.of(filter);

    assertEquals(filter, parsed.filter());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/#/b", "#/a", "#/", "a/#/#", "a#", "a/b#", "#a", "##"})
  void rejectsMultiLevelWildcardThatIsNotTheWholeLastLevel(String filter) {
    InvalidTopicException e =
        assertThrows(InvalidTopicException.class, () -> TopicFilter.of(filter));

    assertEquals(filter, e.topic());
    assertTrue(e.reason().contains("#"), e.reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a+/b", "a/+b", "+a", "++", "a/b+"})
  void rejectsSingleLevelWildcardThatDoesNotFillItsLevel(String filter) {
    InvalidTopicException e =
        assertThrows(InvalidTopicException.class, () -> TopicFilter.of(filter));

    assertEquals(filter, e.topic());
    assertTrue(e.reason().contains("+"), e.reason());
  }

  @Test
  void rejectsEmptyFilter() {
    InvalidTopicException e = assertThrows(InvalidTopicException.class, () -> TopicFilter.of(""));

    assertTrue(e.reason().contains("empty"), e.reason());
  }

  @Test
  void rejectsNullFilter() {
    InvalidTopicException e = assertThrows(InvalidTopicException.class, () -> TopicFilter.of(null));

    assertEquals("null", e.topic());
    assertTrue(e.reason().contains("empty"), e.reason());
  }

  @Test
  void rejectsNullCharacter() {
    InvalidTopicException e =
        assertThrows(InvalidTopicException.class, () -> TopicFilter.of("a/\u0000/b"));

    assertTrue(e.reason().contains("U+0000"), e.reason());
  }

  @Test
  void acceptsFilterOfExactlyTheMaximumLength() {
    String filter = "a".repeat(Topics.MAX_LENGTH);

    assertEquals(filter, TopicFilter.of(filter).filter());
  }

  @Test
  void rejectsFilterLongerThanTheMaximum() {
    String filter = "a".repeat(Topics.MAX_LENGTH + 1);

    InvalidTopicException e =
        assertThrows(InvalidTopicException.class, () -> TopicFilter.of(filter));

    assertTrue(e.reason().contains("65535"), e.reason());
    assertEquals("a".repeat(64) + "...", e.topic());
  }

  @Test
  void countsTheLengthInUtf8BytesNotCharacters() {
    // 32,768 two-byte characters: far fewer characters than the limit, one byte too many
    String tooLong = "\u00e9".repeat(32_768);
    String longest = "\u00e9".repeat(32_767) + "a";
    assertTrue(tooLong.length() < Topics.MAX_LENGTH);
    assertEquals(Topics.MAX_LENGTH + 1, tooLong.getBytes(StandardCharsets.UTF_8).length);
    assertEquals(Topics.MAX_LENGTH, longest.getBytes(StandardCharsets.UTF_8).length);

    assertThrows(InvalidTopicException.class, () -> TopicFilter.of(tooLong));
    assertEquals(longest, TopicFilter.of(longest).filter());
  }

  @Test
  void countsThreeByteCharacters() {
    String tooLong = "\u20ac".repeat(21_846); // 65,538 bytes in 21,846 characters
    String longest = "\u20ac".repeat(21_845); // 65,535 bytes

    assertThrows(InvalidTopicException.class, () -> TopicFilter.of(tooLong));
    assertEquals(longest, TopicFilter.of(longest).filter());
  }

  @Test
  void tellsWhetherItHasAWildcard() {
    assertFalse(TopicFilter.of("a/b").hasWildcard());
    assertFalse(TopicFilter.of("a//b").hasWildcard());
    assertTrue(TopicFilter.of("a/+").hasWildcard());
    assertTrue(TopicFilter.of("+").hasWildcard());
    assertTrue(TopicFilter.of("a/#").hasWildcard());
    assertTrue(TopicFilter.of("#").hasWildcard());
  }

  @Test
  void isEqualByFilterText() {
    TopicFilter filter = TopicFilter.of("plant/+/temperature");
    TopicFilter same = TopicFilter.of("plant/+/temperature");

    assertEquals(filter, same);
    assertEquals(filter.hashCode(), same.hashCode());
    assertNotEquals(filter, TopicFilter.of("plant/#"));
    assertNotEquals(filter, TopicFilter.of("plant/+/Temperature"));
    assertNotEquals(filter, (Object) "plant/+/temperature");
    assertNotEquals(filter, null);
  }

  @Test
  void printsAsTheFilterText() {
    assertEquals("plant/+/temperature", TopicFilter.of("plant/+/temperature").toString());
    assertEquals("#", TopicFilter.of("#").toString());
  }
}
