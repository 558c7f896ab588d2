package com.eq1.network.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How a broker URI is shown in the details: never with the user information it may carry. */
class MqttDetailsUriTest {

  @Test
  void userInformationIsLeftOutAndEverythingElseIsShownAsGiven() {
    assertEquals("ssl://10.0.0.5:8883", MqttDetails.shown("ssl://10.0.0.5:8883"));
    assertEquals("tcp://broker:1883", MqttDetails.shown("tcp://cell:s3cret@broker:1883"));
    assertEquals("tcp://broker:1883", MqttDetails.shown("tcp://cell@broker:1883"));
    assertEquals("(not a URI)", MqttDetails.shown("tcp://bro ker:1883"));
  }
}
