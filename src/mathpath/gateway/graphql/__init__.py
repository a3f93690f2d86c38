"""The GraphQL endpoint (``/graphql``): one query that composes data across services.

Resolvers call each service's REST API through the service directory's clients (in process
over ASGI, or HTTP when distributed), forwarding the caller's bearer token, so every
service still applies its own access policy: GraphQL adds no way around them.
"""
