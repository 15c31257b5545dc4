@tcp @stream @both-sides
Feature: ReadTransport (18.5.4.1.2)
  The receiving end of a transport can be paused and resumed.

  Background:
    Given a peer listening on the loopback interface
    And a connection to the peer

  @RT-1 @RT-2
  Scenario: pause_reading() holds data back until resume_reading()
    When the transport pauses reading
    And the peer sends "held back"
    Then data_received is not called while reading is paused
    When the transport resumes reading
    Then the protocol receives "held back"

  @RT-2
  Scenario: after resume_reading() data keeps flowing
    When the transport pauses reading
    And the transport resumes reading
    And the peer sends "flowing again"
    Then the protocol receives "flowing again"
