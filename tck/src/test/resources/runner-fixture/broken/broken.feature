Feature: broken
  Scenario: a scenario
    Given a step that passes
Feature: a second feature in the same file
