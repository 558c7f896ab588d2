package com.eq1.network.api;

import java.util.Arrays;

/**
 * A validated MQTT topic filter that matches topic names. Levels are separated by {@code /}; {@code
 * +} matches exactly one level and {@code #}, allowed only as the whole last level, matches the
 * parent level and any number of levels below it. As in MQTT, a filter that starts with a wildcard
 * does not match topic names that start with {@code $}.
 *
 * <p>Instances are immutable and thread-safe; {@link #matches(String)} does not allocate beyond
 * splitting the topic name once.
 */
public final class TopicFilter {

  private final String filter;
  private final String[] levels;
  private final boolean multiLevel;

  private TopicFilter(String filter, String[] levels, boolean multiLevel) {
    this.filter = filter;
    this.levels = levels;
    this.multiLevel = multiLevel;
  }

  /**
   * Parses and checks a topic filter.
   *
   * @param filter the filter, for example {@code plant/+/temperature} or {@code plant/#}
   * @return the filter
   * @throws InvalidTopicException naming the filter and the rule it breaks: empty, U+0000, too
   *     long, {@code #} not alone as the last level, {@code +} not alone in its level
   */
  public static TopicFilter of(String filter) {
    Topics.checkCommon(filter, "topic filter");
    String[] parts = filter.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      String level = parts[i];
      if (level.indexOf('#') >= 0 && (!level.equals("#") || i != parts.length - 1)) {
        throw new InvalidTopicException(
            filter, "the wildcard # must be the whole last level of a filter");
      }
      if (level.indexOf('+') >= 0 && !level.equals("+")) {
        throw new InvalidTopicException(filter, "the wildcard + must fill a whole level");
      }
    }
    boolean multi = parts[parts.length - 1].equals("#");
    String[] fixed = multi ? Arrays.copyOf(parts, parts.length - 1) : parts;
    return new TopicFilter(filter, fixed, multi);
  }

  /**
   * Returns the filter as given.
   *
   * @return the filter text
   */
  public String filter() {
    return filter;
  }

  /**
   * Tells whether the filter contains a wildcard.
   *
   * @return {@code true} if it contains {@code +} or {@code #}
   */
  public boolean hasWildcard() {
    return multiLevel || Arrays.asList(levels).contains("+");
  }

  /**
   * Tells whether a topic name matches this filter. The name is not validated; a name containing
   * wildcards simply compares level by level.
   *
   * @param topic the topic name
   * @return {@code true} if a message published to {@code topic} is delivered to this filter
   */
  public boolean matches(String topic) {
    if (topic.startsWith("$") && startsWithWildcard()) {
      return false;
    }
    String[] parts = topic.split("/", -1);
    if (parts.length < levels.length || (!multiLevel && parts.length != levels.length)) {
      return false;
    }
    for (int i = 0; i < levels.length; i++) {
      if (!levels[i].equals("+") && !levels[i].equals(parts[i])) {
        return false;
      }
    }
    return true;
  }

  private boolean startsWithWildcard() {
    return levels.length == 0 || levels[0].equals("+");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TopicFilter that && filter.equals(that.filter);
  }

  @Override
  public int hashCode() {
    return filter.hashCode();
  }

  @Override
  public String toString() {
    return filter;
  }
}
