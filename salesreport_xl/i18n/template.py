"""Words of the blank template (About sheet, header comments), en / zh."""

EN: dict[str, str] = {}

ZH: dict[str, str] = {}
