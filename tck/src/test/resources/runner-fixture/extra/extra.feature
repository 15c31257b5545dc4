Feature: Runner fixture extras
  Mistakes the runner must report.

  @ZZ-9
  Scenario: a scenario tagged with an unknown rule
    Given a step that passes

  Scenario: a failing scenario without rule
    Given a step that fails with "no rule names me"
