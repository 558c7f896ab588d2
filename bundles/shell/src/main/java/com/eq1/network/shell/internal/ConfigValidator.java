package com.eq1.network.shell.internal;

import com.eq1.network.api.ProtocolProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Checks {@code key=value} arguments against a protocol's metatype before anything is written:
 * every key must be one the protocol knows, every value must pass the attribute's own validation
 * (type, range, options), and every required key without a default must be given. All problems are
 * reported together.
 */
final class ConfigValidator {

  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(password|passphrase|secret|token).*");

  /** What a masked value prints as. */
  static final String MASK = "****";

  private ConfigValidator() {}

  /**
   * Parses {@code key=value} arguments.
   *
   * @param assignments the arguments
   * @return the values by key, in argument order
   * @throws IllegalArgumentException if an argument has no {@code =}, an empty key, or a key given
   *     twice
   */
  static Map<String, String> parse(List<String> assignments) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String assignment : assignments == null ? List.<String>of() : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "'" + assignment + "' is not key=value (for example port=502)");
      }
      String key = assignment.substring(0, eq).trim();
      if (values.put(key, assignment.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException("key '" + key + "' is given twice");
      }
    }
    return values;
  }

  /**
   * Checks a complete configuration (what will be written) against the metatype.
   *
   * @param protocol the protocol, for messages
   * @param definition the metatype
   * @param given the keys the operator gave, checked for being known and valid
   * @param complete the whole configuration after the change, checked for required keys
   * @return the problems, empty if there are none
   */
  static List<String> check(
      String protocol,
      ObjectClassDefinition definition,
      Map<String, String> given,
      Map<String, ?> complete) {
    Map<String, AttributeDefinition> attributes = attributes(definition);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> entry : given.entrySet()) {
      String key = entry.getKey();
      if (ProtocolProperties.NAME.equals(key)) {
        problems.add(
            "'" + key + "' is the connection name: give it as the name argument, not as a key");
        continue;
      }
      AttributeDefinition attribute = attributes.get(key);
      if (attribute == null) {
        problems.add(
            "unknown key '"
                + key
                + "'; "
                + protocol
                + " knows: "
                + String.join(
                    ", ",
                    attributes.keySet().stream()
                        .filter(k -> !ProtocolProperties.NAME.equals(k))
                        .toList()));
        continue;
      }
      String message = attribute.validate(entry.getValue());
      if (message != null && !message.isEmpty()) {
        String shown = isSecret(attribute) ? MASK : entry.getValue();
        problems.add(key + " = " + shown + ": " + message + describe(attribute));
      }
    }
    AttributeDefinition[] required =
        definition.getAttributeDefinitions(ObjectClassDefinition.REQUIRED);
    for (AttributeDefinition attribute : required == null ? new AttributeDefinition[0] : required) {
      String key = attribute.getID();
      if (attributes.containsKey(key)
          && !ProtocolProperties.NAME.equals(key)
          && !hasDefault(attribute)
          && isBlank(complete.get(key))) {
        problems.add("missing required key '" + key + "'" + describe(attribute));
      }
    }
    return problems;
  }

  /**
   * Tells whether a key holds a secret: its metatype type is {@code PASSWORD}, or its name says
   * password, passphrase, secret or token.
   *
   * @param definition the metatype, may be {@code null}
   * @param key the key
   * @return whether to mask its value
   */
  static boolean isSecret(ObjectClassDefinition definition, String key) {
    if (SECRET_NAME.matcher(key).matches()) {
      return true;
    }
    AttributeDefinition attribute = definition == null ? null : attributes(definition).get(key);
    return attribute != null && isSecret(attribute);
  }

  private static boolean isSecret(AttributeDefinition attribute) {
    return attribute.getType() == AttributeDefinition.PASSWORD
        || SECRET_NAME.matcher(attribute.getID()).matches();
  }

  private static Map<String, AttributeDefinition> attributes(ObjectClassDefinition definition) {
    Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
    AttributeDefinition[] all = definition.getAttributeDefinitions(ObjectClassDefinition.ALL);
    for (AttributeDefinition attribute : all == null ? new AttributeDefinition[0] : all) {
      attributes.put(attribute.getID(), attribute);
    }
    return attributes;
  }

  private static boolean hasDefault(AttributeDefinition attribute) {
    String[] defaults = attribute.getDefaultValue();
    return defaults != null && defaults.length > 0;
  }

  private static boolean isBlank(Object value) {
    return value == null || Objects.toString(value).isBlank();
  }

  private static String describe(AttributeDefinition attribute) {
    String text = attribute.getDescription();
    if (text == null || text.isBlank()) {
      text = attribute.getName();
    }
    return text == null || text.isBlank() || text.equals(attribute.getID())
        ? ""
        : " (" + text + ")";
  }
}
