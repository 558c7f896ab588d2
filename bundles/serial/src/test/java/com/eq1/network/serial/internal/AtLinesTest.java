package com.eq1.network.serial.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.serial.AtResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Recognising final result codes, URC prefixes, echoes and a command's own prefixes. */
class AtLinesTest {

  private static AtLines.Final result(String line) {
    return AtLines.finalResult(line).orElseThrow(() -> new AssertionError("not final: " + line));
  }

  @Test
  void recognisesEveryFinalResultCode() {
    assertEquals(new AtLines.Final(AtResult.OK, -1), result("OK"));
    assertEquals(new AtLines.Final(AtResult.ERROR, -1), result("ERROR"));
    assertEquals(new AtLines.Final(AtResult.NO_CARRIER, -1), result("NO CARRIER"));
    assertEquals(new AtLines.Final(AtResult.BUSY, -1), result("BUSY"));
    assertEquals(new AtLines.Final(AtResult.NO_ANSWER, -1), result("NO ANSWER"));
    assertEquals(new AtLines.Final(AtResult.NO_DIALTONE, -1), result("NO DIALTONE"));
    assertEquals(new AtLines.Final(AtResult.CONNECT, -1), result("CONNECT"));
    assertEquals(new AtLines.Final(AtResult.CONNECT, -1), result("CONNECT 115200"));
    assertEquals(new AtLines.Final(AtResult.OK, -1), result("OK "));
  }

  @Test
  void readsTheNumberOfCmeAndCmsErrorsAlsoWithVerboseText() {
    assertEquals(new AtLines.Final(AtResult.CME_ERROR, 10), result("+CME ERROR: 10"));
    assertEquals(new AtLines.Final(AtResult.CME_ERROR, 10), result("+CME ERROR: 10 SIM missing"));
    assertEquals(new AtLines.Final(AtResult.CME_ERROR, -1), result("+CME ERROR: SIM not inserted"));
    assertEquals(new AtLines.Final(AtResult.CMS_ERROR, 500), result("+CMS ERROR: 500"));
    assertEquals(new AtLines.Final(AtResult.CMS_ERROR, -1), result("+CMS ERROR:"));
  }

  @Test
  void otherLinesAreNotFinal() {
    for (String line : List.of("OKAY", "+CSQ: 21,99", "CONNECTED", "RING", "ERRORS", "+CME: 1")) {
      assertEquals(Optional.empty(), AtLines.finalResult(line), line);
    }
  }

  @Test
  void prefixesMatchWholeWordsOnly() {
    assertTrue(AtLines.startsWith("RING", "RING"));
    assertFalse(AtLines.startsWith("RINGING", "RING"));
    assertTrue(AtLines.startsWith("^SYSSTART", "^SYSSTART"));
    assertTrue(AtLines.startsWith("+CMTI: \"SM\",3", "+CMTI:"));
    assertFalse(AtLines.startsWith("+CMT: \"+4915\"", "+CMTI:"));
    assertTrue(AtLines.startsWith("+QIND: \"csq\"", "+QIND"));
  }

  @Test
  void aCommandOwnsThePrefixesOfItsExtendedParts() {
    assertEquals(List.of("+CREG:"), AtLines.ownPrefixes("AT+CREG?"));
    assertEquals(List.of("+CREG:"), AtLines.ownPrefixes("at+creg=2"));
    assertEquals(List.of("+CREG:", "+CGREG:"), AtLines.ownPrefixes("AT+CREG?;+CGREG?"));
    assertEquals(List.of("^SYSINFO:"), AtLines.ownPrefixes("AT^SYSINFO"));
    assertEquals(List.of(), AtLines.ownPrefixes("ATI"));
    assertEquals(List.of(), AtLines.ownPrefixes("ATD+4915123;"));
  }

  @Test
  void recognisesTwoLineUrcsEchoesAndChecksExtraPrefixes() {
    assertTrue(AtLines.hasDataLine("+CMT: \"+4915\",,\"24/05/01\""));
    assertFalse(AtLines.hasDataLine("+CMTI: \"SM\",3"));
    assertTrue(AtLines.isEcho("at+csq ", "AT+CSQ"));
    assertFalse(AtLines.isEcho("+CSQ: 1,2", "AT+CSQ"));
    List<String> all = AtLines.urcPrefixes(List.of("^SYSSTART", "RING"));
    assertEquals(AtLines.STANDARD_URC_PREFIXES.size() + 1, all.size());
    assertEquals("^SYSSTART", all.get(all.size() - 1));
    assertThrows(IllegalArgumentException.class, () -> AtLines.urcPrefixes(List.of(" ")));
  }
}
