"""Operations: backups and restores, run by the people who host the site."""
