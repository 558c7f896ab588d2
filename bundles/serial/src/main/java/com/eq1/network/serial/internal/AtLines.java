package com.eq1.network.serial.internal;

import com.eq1.network.serial.AtResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Tells apart the lines a modem sends: final result codes, unsolicited result codes (URCs), the
 * echo of a command, and the information lines that belong to a command's answer.
 */
public final class AtLines {

  /** The unsolicited result codes of 3GPP TS 27.007 and 27.005 that every client recognises. */
  public static final List<String> STANDARD_URC_PREFIXES =
      List.of(
          "RING",
          "+CRING:",
          "+CLIP:",
          "+CCWA:",
          "+CSSU:",
          "+CUSD:",
          "+CMTI:",
          "+CMT:",
          "+CDSI:",
          "+CDS:",
          "+CBMI:",
          "+CBM:",
          "+CREG:",
          "+CGREG:",
          "+CEREG:",
          "+C5GREG:",
          "+CGEV:",
          "+CIEV:",
          "+CTZV:",
          "+CTZE:");

  /** URCs whose data follow on a second line, which belongs to the URC too. */
  private static final Set<String> WITH_DATA_LINE = Set.of("+CMT:", "+CDS:", "+CBM:");

  private static final String CME = "+CME ERROR:";
  private static final String CMS = "+CMS ERROR:";

  private AtLines() {}

  /**
   * A final result code and its error number.
   *
   * @param result the result code
   * @param errorCode the {@code +CME}/{@code +CMS} error number, or {@code -1}
   */
  public record Final(AtResult result, int errorCode) {}

  /**
   * Recognises a final result code (verbose form).
   *
   * @param line a received line without CR LF
   * @return the result code, or empty if the line is not one
   */
  public static Optional<Final> finalResult(String line) {
    String text = line.strip();
    AtResult plain =
        switch (text) {
          case "OK" -> AtResult.OK;
          case "ERROR" -> AtResult.ERROR;
          case "NO CARRIER" -> AtResult.NO_CARRIER;
          case "BUSY" -> AtResult.BUSY;
          case "NO ANSWER" -> AtResult.NO_ANSWER;
          case "NO DIALTONE", "NO DIAL TONE" -> AtResult.NO_DIALTONE;
          case "CONNECT" -> AtResult.CONNECT;
          default -> null;
        };
    if (plain != null) {
      return Optional.of(new Final(plain, -1));
    }
    if (text.startsWith("CONNECT ")) {
      return Optional.of(new Final(AtResult.CONNECT, -1));
    }
    if (text.startsWith(CME)) {
      return Optional.of(new Final(AtResult.CME_ERROR, errorNumber(text.substring(CME.length()))));
    }
    if (text.startsWith(CMS)) {
      return Optional.of(new Final(AtResult.CMS_ERROR, errorNumber(text.substring(CMS.length()))));
    }
    return Optional.empty();
  }

  /** The leading number of {@code 10}, {@code 10 SIM not inserted}; -1 for text only. */
  private static int errorNumber(String rest) {
    String text = rest.strip();
    int end = 0;
    while (end < text.length() && end < 9 && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return end == 0 ? -1 : Integer.parseInt(text.substring(0, end));
  }

  /**
   * Tells whether {@code line} starts with {@code prefix} as a whole word: {@code RING} matches
   * {@code RING} but not {@code RINGING}; {@code +CMTI:} matches {@code +CMTI: "SM",3}.
   *
   * @param line a received line
   * @param prefix a URC prefix
   * @return {@code true} if the line starts with the prefix
   */
  public static boolean startsWith(String line, String prefix) {
    if (!line.startsWith(prefix)) {
      return false;
    }
    if (line.length() == prefix.length()) {
      return true;
    }
    return !Character.isLetterOrDigit(prefix.charAt(prefix.length() - 1))
        || !Character.isLetterOrDigit(line.charAt(prefix.length()));
  }

  /**
   * Tells whether a URC with this line carries its data on the next line ({@code +CMT:}, {@code
   * +CDS:}, {@code +CBM:}).
   *
   * @param line a line recognised as a URC
   * @return {@code true} if the next line belongs to it
   */
  public static boolean hasDataLine(String line) {
    return WITH_DATA_LINE.stream().anyMatch(line::startsWith);
  }

  /**
   * Returns the prefixes of the information lines a command's own answer carries: {@code AT+CREG?}
   * and {@code AT+CREG=2} answer {@code +CREG: …}, {@code AT+CREG?;+CGREG?} answers both {@code
   * +CREG: …} and {@code +CGREG: …}. Basic commands ({@code ATI}) have none.
   *
   * @param command the command as sent
   * @return the prefixes, each ending with {@code :}, upper case
   */
  public static List<String> ownPrefixes(String command) {
    String body = command.strip();
    if (body.regionMatches(true, 0, "AT", 0, 2)) {
      body = body.substring(2);
    }
    List<String> prefixes = new ArrayList<>();
    for (String part : body.split(";")) {
      String segment = part.strip();
      if (segment.isEmpty() || "+^$%#*".indexOf(segment.charAt(0)) < 0) {
        continue;
      }
      int end = 1;
      while (end < segment.length() && "=?: ".indexOf(segment.charAt(end)) < 0) {
        end++;
      }
      if (end > 1) {
        prefixes.add(segment.substring(0, end).toUpperCase(Locale.ROOT) + ":");
      }
    }
    return List.copyOf(prefixes);
  }

  /**
   * Tells whether {@code line} is the modem's echo of {@code command}.
   *
   * @param line a received line
   * @param command the command as sent
   * @return {@code true} if the line is the command, ignoring case and surrounding blanks
   */
  public static boolean isEcho(String line, String command) {
    return line.strip().equalsIgnoreCase(command.strip());
  }

  /**
   * Checks URC prefixes given in configuration.
   *
   * @param prefixes the prefixes
   * @return the standard prefixes followed by the given ones, without repeats
   * @throws IllegalArgumentException if a prefix is blank
   */
  public static List<String> urcPrefixes(Collection<String> prefixes) {
    List<String> all = new ArrayList<>(STANDARD_URC_PREFIXES);
    for (String prefix : prefixes) {
      if (prefix == null || prefix.isBlank()) {
        throw new IllegalArgumentException("a URC prefix must not be blank: " + prefixes);
      }
      if (!all.contains(prefix.strip())) {
        all.add(prefix.strip());
      }
    }
    return List.copyOf(all);
  }
}
