"""The billing service.

Plans, subscriptions, entitlements and payments."""
