"""The generated sheets as plans: Tarkistus, Laskelmat, Tavoiteseuranta."""
