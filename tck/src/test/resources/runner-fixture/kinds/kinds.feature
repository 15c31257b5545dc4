Feature: Failure kinds
  Every way a scenario can end, for the runner's judgement of it.

  @AA-2
  Scenario: an assertion fails
    Given a step that fails with "Rule AA-2: expected connection_lost(None)"

  @AA-2
  Scenario: a wait times out
    Given a step that times out with "Timed out after 5 ms waiting for connection_lost on c1"

  @AA-2
  Scenario: the implementation does not answer
    Given a step whose call is not answered: "c1: [write(b'x')]: the implementation did not answer within 5 ms"

  @AA-2
  Scenario: the driver fails
    Given a step whose driver fails with "The driver [python3] exited unexpectedly"

  @AA-2
  Scenario: the glue throws
    Given a step that throws "a bug in the glue"

  @AA-2
  Scenario: a step is undefined
    Given a step nobody wrote

  @AA-2
  Scenario: no steps at all

  @AA-1
  Scenario: not run
    Given a step that is not run because "the implementation was unresponsive in 5 consecutive scenarios"
