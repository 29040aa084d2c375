"""Keeping in touch with customers: notifications, the mail outbox, reviews, feedback, recommendations, dashboard."""
