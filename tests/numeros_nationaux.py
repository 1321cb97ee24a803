"""La liste des seuls numéros de téléphone que le guide peut donner : des numéros nationaux sûrs, chacun avec sa source officielle.

Le pacte ne donne aucun numéro local. Un numéro n'entre ici qu'avec l'adresse du
site officiel qui le publie ; les tests vérifient que la fiche qui le porte cite
ce site (comme source ou comme site web).
"""

NATIONAL_NUMBERS: dict[str, str] = {
    "3949": "https://www.francetravail.fr",  # France Travail
    "3230": "https://www.caf.fr",  # Caisses d'allocations familiales
    "3646": "https://www.ameli.fr",  # Assurance maladie
    "112": "https://www.service-public.fr",  # numéro d'urgence européen (avec le 15, le 17, le 18 et le 114 par SMS)
    "119": "https://www.allo119.gouv.fr",  # Allô enfance en danger
    "3114": "https://3114.fr",  # prévention du suicide
    "3018": "https://www.3018.fr",  # harcèlement et violences en ligne (association e-Enfance)
    "0 800 235 236": "https://www.filsantejeunes.com",  # Fil Santé Jeunes
    "0 800 23 13 13": "https://www.drogues-info-service.fr",  # Drogues Info Service
}
