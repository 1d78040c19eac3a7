/* Running totals of the reach figures grid (no framework).
 *
 * Beside each indicator's total, the sum of its breakdown cells as the user types, flagged
 * when it differs from the total; a sum per row. The server checks the same rule on save;
 * this only tells earlier. Messages come translated in the block's data attributes.
 *
 * When the campaign changes, the material and language lists become that campaign's, from the
 * campaign select's data-reach-campaign-choices ({campaign: {materials, languages}}, the same
 * lists the server offers and accepts); no page reload. */
(function () {
  "use strict";

  function count(input) {
    var text = input.value.trim();
    if (text === "") return null;
    return /^\d+$/.test(text) ? parseInt(text, 10) : NaN;
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) {
      return String(values[key]);
    });
  }

  function update(block) {
    var sum = 0;
    var given = 0;
    var bad = false;
    block.querySelectorAll("[data-reach-row]").forEach(function (row) {
      var rowSum = 0;
      var rowGiven = 0;
      row.querySelectorAll("[data-reach-cell]").forEach(function (input) {
        var value = count(input);
        input.classList.toggle("reach-input--bad", Number.isNaN(value));
        if (value === null) return;
        if (Number.isNaN(value)) {
          bad = true;
          return;
        }
        rowGiven += 1;
        rowSum += value;
      });
      var out = row.querySelector("[data-reach-row-sum]");
      if (out) out.textContent = rowGiven ? String(rowSum) : "";
      given += rowGiven;
      sum += rowSum;
    });
    var totalInput = block.querySelector("[data-reach-total]");
    var total = count(totalInput);
    totalInput.classList.toggle("reach-input--bad", Number.isNaN(total));
    var output = block.querySelector("[data-reach-sum]");
    var mismatch = false;
    var text = "";
    if (bad || Number.isNaN(total)) {
      text = block.dataset.notANumber;
      mismatch = true;
    } else if (given) {
      if (total === null) {
        text = fill(block.dataset.noTotalTemplate, { sum: sum });
        mismatch = true;
      } else if (total !== sum) {
        text = fill(block.dataset.mismatchTemplate, { sum: sum, total: total });
        mismatch = true;
      } else {
        text = fill(block.dataset.sumTemplate, { sum: sum });
      }
    }
    output.textContent = text;
    output.classList.toggle("reach-figure__sum--mismatch", mismatch);
    output.classList.toggle("reach-figure__sum--ok", given > 0 && !mismatch);
    block.classList.toggle("reach-figure--mismatch", mismatch);
  }

  function refill(select, pairs) {
    if (!select) return;
    var kept = select.value;
    var empty = select.querySelector('option[value=""]');
    var emptyLabel = empty ? empty.textContent : "---------";
    select.textContent = "";
    select.add(new Option(emptyLabel, ""));
    var keep = false;
    pairs.forEach(function (pair) {
      var value = String(pair[0]);
      select.add(new Option(pair[1], value));
      if (value === kept) keep = true;
    });
    select.value = keep ? kept : "";
  }

  function followCampaign(campaign) {
    var choices;
    try {
      choices = JSON.parse(campaign.dataset.reachCampaignChoices);
    } catch (_e) {
      return;
    }
    var scope = campaign.form || document;
    campaign.addEventListener("change", function () {
      var chosen = choices[campaign.value];
      var lists = chosen ? [chosen] : Object.keys(choices).map(function (k) { return choices[k]; });
      var materials = [];
      var languages = [];
      var seen = {};
      lists.forEach(function (list) {
        materials = materials.concat(list.materials);
        list.languages.forEach(function (pair) {
          if (!seen[pair[0]]) languages.push(pair);
          seen[pair[0]] = true;
        });
      });
      refill(scope.querySelector("select[data-reach-materials]"), materials);
      refill(scope.querySelector("select[data-reach-languages]"), languages);
    });
  }

  function start() {
    document.querySelectorAll("select[data-reach-campaign-choices]").forEach(followCampaign);
    document.querySelectorAll("[data-reach-indicator]").forEach(update);
    document.addEventListener("input", function (event) {
      var block = event.target.closest && event.target.closest("[data-reach-indicator]");
      if (block) update(block);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
