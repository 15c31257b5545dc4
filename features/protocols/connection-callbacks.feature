@tcp @stream @both-sides
Feature: Connection callbacks (18.5.4.2.2)
  connection_made() and connection_lost() bracket every successful connection, exactly once each.

  Background:
    Given a peer listening on the loopback interface

  @CB-1 @no-accepted-variant
  Scenario: connection_made() is called when a client connection is made
    When a connection to the peer is made
    Then connection_made is called once

  @CB-1 @no-accepted-variant
  Scenario: connection_made() is called for a connection accepted by a server
    Given a server listening on the loopback interface
    When a client connects to the server
    Then connection_made is called once on the server's connection

  @CB-2
  Scenario: connection_lost(None) when a regular EOF is received
    Given a connection to the peer
    When the peer closes its write side
    Then connection_lost is called once with None

  @CB-2
  Scenario: connection_lost(None) when this side closes the transport
    Given a connection to the peer
    When the transport is closed
    # the peer reads the end; over TLS that answers the close_notify (stance S-12)
    Then the peer sees the end of the stream
    And connection_lost is called once with None

  @CB-2
  Scenario: connection_lost(None) when this side aborts the transport
    Given a connection to the peer
    When the transport is aborted
    Then connection_lost is called once with None

  @CB-3 @stance
  Scenario: connection_lost() receives an exception when the peer resets the connection
    Given a connection to the peer
    When the peer resets the connection
    Then connection_lost is called once with an exception

  @CB-4 @CB-5
  Scenario: connection_made() and connection_lost() are called exactly once, everything else between them
    Given the protocol writes "ping" in connection_made
    And a connection to the peer
    When the peer receives "ping"
    And the peer sends "pong"
    And the protocol receives "pong"
    And the peer closes its write side
    Then connection_lost is called once with None
    And no callback arrives after connection_lost
    And the recorded callbacks match "connection_made data_received+ eof_received? connection_lost"

  @CB-4
  Scenario: closing twice still calls connection_lost() once
    Given a connection to the peer
    When the transport is closed
    And the transport is closed
    # the peer reads the end; over TLS that answers the close_notify (stance S-12)
    Then the peer sees the end of the stream
    And connection_lost is called once with None
    And no callback arrives after connection_lost

  @CB-4 @tcp-only @no-accepted-variant
  Scenario: a failed connection calls no callback at all
    Given a port where nothing listens
    When a connection to that port is attempted
    Then the attempt fails with an OS error
    And no callback was recorded

  @CB-11 @stance @no-accepted-variant
  Scenario: create_connection() returns the connection only after connection_made()
    When a connection to the peer is made
    Then the call that created it returned it only after its connection_made

  @CB-11 @stance @tcp-only @no-accepted-variant
  Scenario: create_connection(sock=...) returns the connection only after connection_made()
    Given a connection to the peer made over an already-connected socket
    Then the call that created it returned it only after its connection_made

  @TR-4 @stance @no-accepted-variant
  Scenario: create_connection() returns the transport its protocol's connection_made() received
    When a connection to the peer is made
    Then the call that created it returned the transport its connection_made received

  @CB-5 @stance
  Scenario: connection_lost() does not begin inside a data_received() that closes the transport
    Given the protocol closes the transport on data_received
    And a connection to the peer
    When the peer sends "bye"
    # the peer reads the end; over TLS that answers the close_notify (stance S-12)
    Then the peer sees the end of the stream
    And connection_lost is called once, with None or an exception
    And connection_lost began only after data_received returned

  @CB-5 @stance
  Scenario: connection_lost() does not begin inside a data_received() that aborts the transport
    Given the protocol aborts the transport on data_received
    And a connection to the peer
    When the peer sends "bye"
    Then connection_lost is called once, with None or an exception
    And connection_lost began only after data_received returned
