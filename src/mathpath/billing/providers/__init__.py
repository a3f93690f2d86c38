"""Payment providers behind one port: the embedded sandbox, Stripe and PayPal."""
