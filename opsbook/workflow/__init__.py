"""What the pull-request workflow needs beyond validation: skeletons for new
documents, CODEOWNERS from document owners, and change summaries."""
