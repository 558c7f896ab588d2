package com.eq1.network.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Mosquitto brokers configured for the MQTT 5 tests. Mosquitto 2.0's {@code acl_file} never refuses
 * a SUBSCRIBE (its subscribe check is a "FIXME" that allows everything; reading is filtered at
 * delivery instead), so refusals come from its dynamic security plugin, which does answer SUBACK
 * 0x87 and PUBACK 0x87.
 */
final class Mqtt5Brokers {

  /** The plugin of the Debian package, in the machine's multiarch folder (amd64, arm64, ...). */
  private static final String DYNAMIC_SECURITY = dynamicSecurityPlugin();

  private Mqtt5Brokers() {}

  private static String dynamicSecurityPlugin() {
    try (java.util.stream.Stream<Path> folders = Files.list(Path.of("/usr/lib"))) {
      return folders
          .map(folder -> folder.resolve("mosquitto_dynamic_security.so"))
          .filter(Files::isReadable)
          .findFirst()
          .map(Path::toString)
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "mosquitto_dynamic_security.so not found under /usr/lib/*: install the"
                          + " Debian package mosquitto (.ci/run does)"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** An anonymous broker announcing this Maximum Packet Size in its CONNACK. */
  static MosquittoBroker withMaximumPacketSize(int bytes) throws IOException {
    return new MosquittoBroker(dir -> List.of("allow_anonymous true", "max_packet_size " + bytes));
  }

  /**
   * An anonymous broker whose anonymous clients may not subscribe to {@code denied/#} (SUBACK 0x87)
   * nor publish to {@code readonly/#} (PUBACK or PUBREC 0x87); everything else is allowed.
   */
  static MosquittoBroker withAccessControl() throws IOException {
    return new MosquittoBroker(
        dir -> {
          Path config = dir.resolve("dynamic-security.json");
          Files.writeString(
              config,
              """
              {
                "defaultACLAccess": {"publishClientSend": true, "publishClientReceive": true,
                                     "subscribe": true, "unsubscribe": true},
                "clients": [],
                "groups": [{"groupname": "anonymous", "roles": [{"rolename": "limited"}]}],
                "roles": [{"rolename": "limited", "acls": [
                  {"acltype": "subscribePattern", "topic": "denied/#", "allow": false},
                  {"acltype": "publishClientSend", "topic": "readonly/#", "allow": false}]}],
                "anonymousGroup": "anonymous"
              }
              """,
              StandardCharsets.UTF_8);
          // the plugin rewrites its file; the broker drops to its own user
          config.toFile().setWritable(true, false);
          return List.of(
              "allow_anonymous true",
              "plugin " + DYNAMIC_SECURITY,
              "plugin_opt_config_file " + config);
        });
  }

  /** A broker refusing anonymous clients, with one user. */
  static MosquittoBroker withPassword(String user, String password) throws IOException {
    return new MosquittoBroker(
        dir -> {
          Path file = dir.resolve("passwords");
          passwordFile(file, user, password);
          return List.of("allow_anonymous false", "password_file " + file);
        });
  }

  private static void passwordFile(Path file, String user, String password) throws IOException {
    Process process =
        new ProcessBuilder("mosquitto_passwd", "-b", "-c", file.toString(), user, password)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("mosquitto_passwd failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (!file.toFile().setReadable(true, false)) {
      throw new IOException("cannot make " + file + " readable for the broker");
    }
  }
}
