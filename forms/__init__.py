"""WTForms classes: they check the shape of input only and never touch the database."""
