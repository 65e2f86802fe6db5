"""The daily push: due chats → queued deliveries (in the database) → a rate-limited sender."""
