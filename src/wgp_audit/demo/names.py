"""Kazakh personal names, cities and phone prefixes for synthetic demo subjects."""

from __future__ import annotations

MALE_FIRST = (
    "Nurlan", "Yerlan", "Askar", "Daniyar", "Bauyrzhan", "Arman", "Nursultan", "Temirlan",
    "Aidos", "Dauren", "Yerzhan", "Kairat", "Marat", "Olzhas", "Serik", "Zhanibek", "Almas",
    "Azamat", "Berik", "Sanzhar", "Timur", "Ruslan", "Dias", "Alikhan", "Madi", "Rustem",
)
FEMALE_FIRST = (
    "Aigerim", "Dana", "Aizhan", "Gulnara", "Saule", "Madina", "Zhanar", "Dinara", "Ainur",
    "Assel", "Kamila", "Aruzhan", "Togzhan", "Moldir", "Akbota", "Zarina", "Laura", "Aliya",
    "Gaukhar", "Anel", "Dariga", "Balnur", "Symbat", "Tomiris", "Inkar", "Karina",
)
SURNAME_ROOTS = (
    "Nurlanov", "Abenov", "Seitkali", "Zhaksylykov", "Omarov", "Tokayev", "Suleimenov",
    "Dzhaksybekov", "Akhmetov", "Bekov", "Kassymov", "Ismailov", "Mukanov", "Sarsenbayev",
    "Baimukhamedov", "Zhumabayev", "Iskakov", "Tulegenov", "Yessenov", "Kuanyshev", "Amanov",
    "Temirbekov", "Ospanov", "Bekturov", "Shaikenov", "Utepov", "Aitbayev", "Dosmukhamedov",
)
PATRONYMIC_ROOTS = ("Nurlan", "Serik", "Marat", "Kairat", "Yerlan", "Askar", "Bolat", "Talgat")
CITIES = ("Atyrau", "Almaty", "Astana", "Shymkent", "Aktobe", "Aktau", "Karaganda", "Uralsk",
          "Kostanay", "Pavlodar", "Taraz", "Kyzylorda")
MOBILE_PREFIXES = ("700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777",
                   "778")
MAIL_DOMAINS = ("mail.kz", "gmail.com", "mail.ru", "inbox.kz", "yandex.kz", "bk.ru")
