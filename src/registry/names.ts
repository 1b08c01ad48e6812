/**
 * Name pools for the synthetic population: common Italian given names and
 * surnames, plus a few common among Lombardy's foreign-born residents. Pool size
 * (≈50 × 120) keeps codice fiscale collisions rare, and the rare ones are
 * resolved by omocodia, exactly as the Agenzia delle Entrate does.
 */
export const MALE_NAMES = [
  'Giuseppe', 'Giovanni', 'Antonio', 'Mario', 'Luigi', 'Francesco', 'Angelo', 'Pietro', 'Carlo', 'Franco',
  'Bruno', 'Paolo', 'Sergio', 'Giorgio', 'Roberto', 'Alberto', 'Luciano', 'Renato', 'Enrico', 'Gianni',
  'Marco', 'Andrea', 'Alessandro', 'Luca', 'Stefano', 'Massimo', 'Davide', 'Matteo', 'Simone', 'Federico',
  'Lorenzo', 'Riccardo', 'Gabriele', 'Tommaso', 'Leonardo', 'Edoardo', 'Emanuele', 'Fabio', 'Daniele', 'Claudio',
  'Ambrogio', 'Battista', 'Ernesto', 'Gino', 'Walter', 'Cesare', 'Aldo', 'Dario', 'Ahmed', 'Ion',
];

export const FEMALE_NAMES = [
  'Maria', 'Anna', 'Giuseppina', 'Rosa', 'Angela', 'Giovanna', 'Teresa', 'Lucia', 'Carmela', 'Franca',
  'Luigia', 'Carla', 'Rita', 'Bruna', 'Adele', 'Ines', 'Elena', 'Paola', 'Laura', 'Silvia',
  'Francesca', 'Chiara', 'Sara', 'Giulia', 'Martina', 'Valentina', 'Alessandra', 'Federica', 'Elisa', 'Roberta',
  'Sofia', 'Aurora', 'Alice', 'Ginevra', 'Emma', 'Beatrice', 'Gaia', 'Greta', 'Irene', 'Marta',
  'Ambrogina', 'Pierina', 'Natalina', 'Gabriella', 'Patrizia', 'Cristina', 'Monica', 'Daniela', 'Fatima', 'Elena Maria',
];

export const SURNAMES = [
  'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco',
  'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti',
  'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi', 'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone',
  'Longo', 'Gentile', 'Martinelli', 'Vitale', 'Lombardo', 'Serra', 'Coppola', 'De Santis', "D'Angelo", 'Marchetti',
  'Parisi', 'Villa', 'Conte', 'Ferraro', 'Ferri', 'Fabbri', 'Bianco', 'Marini', 'Grasso', 'Valentini',
  'Messina', 'Sala', 'De Angelis', 'Gatti', 'Pellegrini', 'Palumbo', 'Sanna', 'Farina', 'Rizzi', 'Monti',
  'Cattaneo', 'Morelli', 'Amato', 'Silvestri', 'Mazza', 'Testa', 'Grassi', 'Pellegrino', 'Carbone', 'Giuliani',
  'Benedetti', 'Barone', 'Rossetti', 'Caputo', 'Montanari', 'Guerra', 'Palmieri', 'Bernardi', 'Martino', 'Fiore',
  'Brambilla', 'Galbiati', 'Sironi', 'Pozzi', 'Redaelli', 'Crippa', 'Mauri', 'Ronchi', 'Riva', 'Bonfanti',
  'Pirovano', 'Magni', 'Longoni', 'Colombi', 'Vismara', 'Bassi', 'Castelli', 'Mapelli', 'Beretta', 'Zanetti',
  'Locatelli', 'Rota', 'Pesenti', 'Belotti', 'Cortinovis', 'Bonomi', 'Ghidini', 'Ferrandi', 'Zani', 'Bertoli',
  'Hoxha', 'Popescu', 'El Amrani', 'Chen', 'Singh', 'Kaur', 'Gonzalez', 'Mendoza', 'Ionescu', 'Rahman',
];

/** Cadastral codes of foreign countries (Z-codes) common among residents' birthplaces. */
export const FOREIGN_BIRTHPLACES = ['Z100', 'Z129', 'Z330', 'Z210', 'Z222', 'Z611'];
