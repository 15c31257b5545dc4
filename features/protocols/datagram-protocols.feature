@udp
Feature: Datagram protocols (18.5.4.2.4)
  datagram_received() and error_received() on DatagramProtocol instances, between connection_made()
  and connection_lost().

  Background:
    Given a peer datagram socket on the loopback interface

  @DP-1
  Scenario: datagram_received(data, addr) gets the datagram and the address of the peer that sent it
    Given a datagram endpoint on the loopback interface
    When the peer sends the datagram "hello, endpoint" to the endpoint
    Then the protocol receives the datagram "hello, endpoint" from the peer

  @DP-1
  Scenario: an empty datagram is a datagram too
    Given a datagram endpoint on the loopback interface
    When the peer sends an empty datagram to the endpoint
    Then the protocol receives an empty datagram from the peer

  @DP-2
  Scenario: error_received() reports the OSError of a send to a port where nothing listens
    Given a datagram endpoint connected to a port where nothing listens
    When the endpoint sends "anyone there?" without an address
    Then error_received is called with an OS error
    And connection_lost is not called within the quiet period

  @CB-1 @CB-4 @CB-5
  Scenario: a datagram endpoint gets connection_made and connection_lost once each, everything else between them
    Given a datagram endpoint on the loopback interface
    When the peer sends the datagram "one" to the endpoint
    And the protocol receives the datagram "one"
    And the transport is closed
    Then connection_lost is called once with None
    And no callback arrives after connection_lost
    And the recorded callbacks match "connection_made datagram_received+ connection_lost"

  @PR-5 @stance
  Scenario: every callback of a datagram endpoint runs on the thread that runs the loop
    # Once the peer's socket is closed, the kernel answers a datagram sent to it with an ICMP port
    # unreachable, which a connected endpoint gets as an error on Linux (as in DP-2).
    Given a datagram endpoint connected to the peer
    When the peer sends the datagram "one" to the endpoint
    And datagram_received has been called
    And the peer datagram socket is closed
    And the endpoint sends "anyone there?" without an address
    And error_received has been called
    And the transport is closed
    And connection_lost has been called
    Then every callback ran on the thread that runs the loop

  @CB-11 @stance
  Scenario: create_datagram_endpoint() returns the endpoint only after connection_made()
    Given a datagram endpoint connected to the peer
    Then the call that created it returned it only after its connection_made

  @TR-4 @stance
  Scenario: create_datagram_endpoint() returns the transport its protocol's connection_made() received
    Given a datagram endpoint connected to the peer
    Then the call that created it returned the transport its connection_made received

  @CB-5 @stance
  Scenario: connection_lost() does not begin inside a datagram_received() that closes the transport
    Given the protocol closes the transport on datagram_received
    And a datagram endpoint connected to the peer
    When the peer sends the datagram "bye" to the endpoint
    Then connection_lost is called once, with None or an exception
    And connection_lost began only after datagram_received returned
