@udp
Feature: DatagramTransport (18.5.4.1.4)
  sendto() sends datagrams to a given address, or to the remote address given at creation; abort()
  closes at once. The peer is a plain UDP socket of the TCK. On the loopback interface datagrams are not
  lost, so delivery is expected, but their order is not promised.

  Background:
    Given a peer datagram socket on the loopback interface

  @DT-1
  Scenario: sendto(data, addr) sends the data to addr
    Given a datagram endpoint on the loopback interface
    When the endpoint sends "to the address given" to the peer
    Then the peer receives the datagram "to the address given"

  @DT-1 @stance
  Scenario: sendto(data, addr) on a connected endpoint never sends to the connected address instead
    # Stance S-7: sendto may refuse another address than the remote one (ValueError), or send to it;
    # the datagram must never reach the peer the endpoint is connected to.
    Given a datagram endpoint connected to the peer
    And a peer datagram socket "other" on the loopback interface
    When the endpoint sends "not for the connected peer" to "other"
    Then the peer receives no datagram within the quiet period
    And sendto raised an invalid value error, or "other" receives the datagram "not for the connected peer"

  @DT-2
  Scenario: sendto(data) without an address sends to the remote address given at creation
    Given a datagram endpoint connected to the peer
    When the endpoint sends "to the remote address" without an address
    Then the peer receives the datagram "to the remote address"

  @DT-3
  Scenario: sendto() does not block: many datagrams sent in one go all arrive
    Given a datagram endpoint connected to the peer
    When the endpoint sends 200 datagrams of 1000 bytes without an address, in one batch
    Then every sendto call returned
    And the peer receives those 200 datagrams, in any order

  @DT-4 @DT-5
  Scenario: abort() closes at once: no more datagrams are received and connection_lost(None) follows
    Given a datagram endpoint connected to the peer
    When the transport is aborted
    And the peer sends the datagram "after abort" to the endpoint
    Then connection_lost is called once with None
    And datagram_received is not called within the quiet period

  @BT-3
  Scenario: close() on a datagram endpoint calls connection_lost(None)
    Given a datagram endpoint connected to the peer
    When the endpoint sends "before close" without an address
    And the transport is closed
    Then the peer receives the datagram "before close"
    And connection_lost is called once with None
    And no callback arrives after connection_lost

  @BT-6
  Scenario: get_extra_info("peername") of a connected endpoint is the remote address
    Given a datagram endpoint connected to the peer
    Then get_extra_info "peername" is the peer datagram socket's address

  @BT-7
  Scenario: get_extra_info("socket") of a datagram endpoint is its socket
    Given a datagram endpoint on the loopback interface
    Then get_extra_info "socket" is a socket object

  @BT-8
  Scenario: get_extra_info("sockname") of a datagram endpoint is the address datagrams come from
    Given a datagram endpoint on the loopback interface
    When the endpoint sends "where from?" to the peer
    Then the peer receives the datagram "where from?" from the endpoint's sockname
