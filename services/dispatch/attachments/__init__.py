"""Evidence for forces: a package's files, fetched from intake, only for the force that
owns the package."""
