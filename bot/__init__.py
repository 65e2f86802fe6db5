"""studybot: a Telegram study-reminder bot for the 组工干部 study material."""
