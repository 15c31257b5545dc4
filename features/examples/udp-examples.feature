@udp
Feature: UDP protocol examples (18.5.4.3)
  The spec's UDP examples, run against the implementation.

  @EX-7
  Scenario: UDP echo client: sendto() without an address in connection_made, close when the answer arrives
    Given a peer datagram socket on the loopback interface
    And the protocol sends "Hello World!" without an address in connection_made
    And the protocol closes the transport on datagram_received
    And a datagram endpoint connected to the peer
    When the peer receives the datagram "Hello World!"
    And the peer sends the datagram "Hello World!" back to the endpoint
    Then the protocol receives the datagram "Hello World!"
    And connection_lost is called once with None

  @EX-8
  Scenario: UDP echo server: one protocol instance serves every client, replying with sendto(data, addr)
    Given the protocol echoes each datagram to its sender
    And a datagram endpoint on the loopback interface
    And peer datagram sockets "alice" and "bob" on the loopback interface
    When "alice" sends the datagram "from alice" to the endpoint
    And "bob" sends the datagram "from bob" to the endpoint
    Then "alice" receives the datagram "from alice"
    And "bob" receives the datagram "from bob"
    And one protocol instance received both datagrams
