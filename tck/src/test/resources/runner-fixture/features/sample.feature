Feature: Runner fixture
  Scenarios that pass, fail and abort, tagged with the fixture's rules.

  @AA-1
  Scenario: a passing scenario
    Given a step that passes

  @AA-2
  Scenario: a failing scenario
    Given a step that fails with "Rule AA-2: Timed out waiting for pause_writing"

  @AA-3 @udp
  Scenario: an aborted scenario
    Given a step that aborts with "capability udp missing"

  @AA-5
  Scenario Outline: an outline
    Given a step that <does>

    Examples:
      | does                        |
      | passes                      |
      | fails with "platform quirk" |

  @AA-6 @deselected
  Scenario: a deselected scenario
    Given a step that passes
