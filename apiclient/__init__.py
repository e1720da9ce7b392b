"""The signed HTTP client of the Items API, shared by the integration suite and the reliability harnesses."""
