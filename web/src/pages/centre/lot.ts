/** A vaccine lot as printed on the vial box: letters, digits and dashes (the server's rule). */
export const lotPattern = /^[A-Za-z0-9-]{1,40}$/;
