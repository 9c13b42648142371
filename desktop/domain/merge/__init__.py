"""What an import would do (the preview), the user's choice as a plan of writes, where each record
came from (provenance), and the preview as plain Chinese lines."""
