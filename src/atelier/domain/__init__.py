"""The workshop's model: entities, values and rules, with no knowledge of storage or doors."""
