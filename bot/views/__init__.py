"""How the bot's messages look: texts and inline keyboards shared by handlers and the push."""
