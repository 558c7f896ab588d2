package com.eq1.network.serial;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A modem's complete answer to one AT command: the information lines, then the final result code.
 * The echo of the command and unsolicited result codes are not part of it. An error answer ({@code
 * ERROR}, {@code +CME ERROR: 10}) is a response like any other, not an exception.
 *
 * @param command the command as sent, without line end
 * @param lines the information lines before the final result code, in order, without CR LF and
 *     without empty lines; immutable
 * @param result the final result code
 * @param errorCode the number of a {@code +CME ERROR} or {@code +CMS ERROR}; {@code -1} for other
 *     results and for an error reported as text only ({@code AT+CMEE=2})
 * @param finalLine the final result line as received, such as {@code +CME ERROR: 10} or {@code
 *     CONNECT 115200}
 */
public record AtResponse(
    String command, List<String> lines, AtResult result, int errorCode, String finalLine) {

  /**
   * Checks the values and copies {@code lines}.
   *
   * @throws NullPointerException if a value, or one of the lines, is {@code null}
   */
  public AtResponse {
    Objects.requireNonNull(command, "command");
    lines = List.copyOf(lines);
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(finalLine, "finalLine");
  }

  /**
   * Tells whether the final result code is {@code OK}.
   *
   * @return {@code true} if the result is {@link AtResult#OK}
   */
  public boolean isOk() {
    return result == AtResult.OK;
  }

  /**
   * Returns the first information line starting with {@code prefix}, such as {@code +CSQ:}.
   *
   * @param prefix the start of the line, matched exactly
   * @return the whole line, or empty if no line starts so
   */
  public Optional<String> line(String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst();
  }
}
