"""The public web pages: server-rendered, no JavaScript, no cookies, no third parties."""
