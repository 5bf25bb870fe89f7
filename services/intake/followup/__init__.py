"""The way back to an anonymous reporter: status and messages, behind the receipt."""
